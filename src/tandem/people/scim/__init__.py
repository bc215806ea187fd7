"""SCIM 2.0 (RFC 7643/7644) provisioning at ``/scim/v2/``, built on ``scim2-models``.

``views`` speaks the protocol (``application/scim+json``, SCIM error bodies); ``users`` and
``groups`` are the services writing the directory; ``mapping`` turns a person into a SCIM
User and back; ``filters`` turns a parsed SCIM filter into a Django query; ``quirks`` reads
what Okta and Microsoft Entra really send; ``tokens`` are the provisioning credentials.
See docs/provisioning.md.
"""
