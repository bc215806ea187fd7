from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, is_org_admin=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login. Organisation roles are flags here; program roles live in the programs app."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    is_org_admin = models.BooleanField(
        default=False, help_text="HR / L&D: directory, programs, analytics, roles."
    )
    is_leader = models.BooleanField(
        default=False, help_text="Executive sponsor: aggregate dashboards only."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc, assignment]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def role_names(self) -> list[str]:
        roles = ["employee"]
        if self.is_org_admin:
            roles.append("org_admin")
        if self.is_leader:
            roles.append("leader")
        return roles


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the clear token is shown once."""

    class Kind(models.TextChoices):
        SESSION = "session", "Session (from /auth/token)"
        PERSONAL = "personal", "Personal integration token"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SESSION)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class SsoIdentity(models.Model):
    """A login's identity at the organisation's identity provider: OIDC ``sub`` or the SAML
    persistent NameID. Linked on first sign-in, so later sign-ins survive an email change."""

    class Provider(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    provider = models.CharField(max_length=8, choices=Provider.choices)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"


class SignInPolicy(models.Model):
    """The organisation's sign-in settings (one row). With ``sso_only`` on, password sign-in
    and password reset are off for everyone but the break-glass admin."""

    sso_only = models.BooleanField(default=False)
    break_glass_admin = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "sign-in policy"

    def __str__(self) -> str:
        return "SSO only" if self.sso_only else "passwords and SSO"


class SamlAssertionUse(models.Model):
    """A SAML assertion already consumed: a replayed response is refused."""

    assertion_id = models.CharField(max_length=255, unique=True)
    not_on_or_after = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id


class SignInThrottle(models.Model):
    """Failed password sign-ins counted per account (the email typed, known or not) and per
    client address; past the limit the key is locked until ``locked_until``
    (``tandem.accounts.throttle``, docs/operations.md)."""

    class Scope(models.TextChoices):
        ACCOUNT = "account", "Account"
        ADDRESS = "address", "Client address"

    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.CharField(max_length=254)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_failure_at"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="signin_throttle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} ({self.failures})"
