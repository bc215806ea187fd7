"""SCIM filters (RFC 7644 §3.4.2.2) as Django queries.

``scim2-models`` parses the filter (``ScimFilter``); this visitor walks its syntax tree and
builds a ``Q`` over the columns an attribute maps to, so filtering runs in the database on
SQLite and PostgreSQL alike. Strings compare case-insensitively unless the attribute is
case-exact (``externalId``, ``id``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from scim2_models import ScimFilter
from scim2_models.path.expressions import (
    AttrPath,
    CompareOperator,
    Comparison,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)
from scim2_models.path.visitor import FilterVisitor

from .protocol import ScimError

UNPARSABLE = "filter: {error}"
UNSUPPORTED_ATTRIBUTE = "filter: filtering on “{attribute}” is not supported; use one of {known}."
UNSUPPORTED_OPERATOR = "filter: “{op}” cannot be used on “{attribute}”."


@dataclass(frozen=True)
class Column:
    lookup: str
    case_exact: bool = False
    kind: str = "string"  # string, boolean, id
    lower_index: bool = False  # an index on Lower(column): compare LOWER(column) = lower(value)


_LOOKUPS = {
    CompareOperator.eq: "exact",
    CompareOperator.co: "contains",
    CompareOperator.sw: "startswith",
    CompareOperator.ew: "endswith",
    CompareOperator.gt: "gt",
    CompareOperator.ge: "gte",
    CompareOperator.lt: "lt",
    CompareOperator.le: "lte",
}


def _key(path: AttrPath) -> str:
    name = path.attr if path.sub_attr is None else f"{path.attr}.{path.sub_attr}"
    return name.lower()


class _QueryBuilder(FilterVisitor[Q]):
    def __init__(self, columns: dict[str, Column]) -> None:
        self.columns = {k.lower(): v for k, v in columns.items()}

    def _column(self, path: AttrPath, prefix: str = "") -> tuple[str, Column]:
        key = f"{prefix}.{_key(path)}" if prefix else _key(path)
        column = self.columns.get(key)
        if column is None:
            known = ", ".join(sorted(self.columns))
            raise ScimError(
                400, UNSUPPORTED_ATTRIBUTE.format(attribute=str(path), known=known), "invalidFilter"
            )
        return str(path), column

    def _compare(self, name: str, column: Column, op: CompareOperator, value: Any) -> Q:
        if op == CompareOperator.ne:
            return ~self._compare(name, column, CompareOperator.eq, value)
        if column.kind == "boolean":
            if op != CompareOperator.eq or not isinstance(value, bool):
                raise ScimError(
                    400, UNSUPPORTED_OPERATOR.format(op=op, attribute=name), "invalidFilter"
                )
            return Q(**{column.lookup: value})
        if column.kind == "id":
            if op != CompareOperator.eq:
                raise ScimError(
                    400, UNSUPPORTED_OPERATOR.format(op=op, attribute=name), "invalidFilter"
                )
            text = str(value)
            return (
                Q(**{column.lookup: int(text)})
                if text.isdigit() and len(text) < 19
                else Q(pk__in=[])
            )
        if value is None:
            return Q(**{f"{column.lookup}__isnull": True}) | Q(**{column.lookup: ""})
        lookup = _LOOKUPS[op]
        if column.lower_index and lookup == "exact":
            return Q(**{f"{column.lookup}__lower": str(value).lower()})
        if not column.case_exact and lookup in {"exact", "contains", "startswith", "endswith"}:
            lookup = "i" + lookup
        return Q(**{f"{column.lookup}__{lookup}": str(value)})

    def visit_comparison(self, node: Comparison) -> Q:
        name, column = self._column(node.attr_path)
        return self._compare(name, column, node.op, node.value)

    def visit_present(self, node: Present) -> Q:
        _, column = self._column(node.attr_path)
        if column.kind in {"boolean", "id"}:
            return Q(**{f"{column.lookup}__isnull": False})
        return Q(**{f"{column.lookup}__isnull": False}) & ~Q(**{column.lookup: ""})

    def visit_not(self, node: Not) -> Q:
        return ~self.visit(node.expr)

    def visit_logical_expr(self, node: LogicalExpr) -> Q:
        query = self.visit(node.terms[0])
        for term in node.terms[1:]:
            query = (
                query & self.visit(term)
                if node.op == LogicalOperator.and_
                else query | self.visit(term)
            )
        return query

    def visit_value_path(self, node: ValuePath) -> Q:
        prefix = _key(node.attr_path)
        inner = node.val_filter
        if isinstance(inner, Comparison):
            name, column = self._column(inner.attr_path, prefix)
            return self._compare(name, column, inner.op, inner.value)
        raise ScimError(
            400, UNPARSABLE.format(error=f"unsupported value filter {node}"), "invalidFilter"
        )


def to_query(text: str, columns: dict[str, Column]) -> Q:
    """The ``Q`` a SCIM filter stands for; ScimError ``invalidFilter`` when it does not parse
    or names an attribute that cannot be filtered on."""
    try:
        parsed: ScimFilter[Any] = ScimFilter(text)
    except Exception as exc:  # scim2-models raises several parse error types
        raise ScimError(400, UNPARSABLE.format(error=exc), "invalidFilter") from exc
    return _QueryBuilder(columns).visit(parsed.ast)


USER_COLUMNS = {
    "id": Column("pk", case_exact=True, kind="id"),
    "userName": Column("scim__user_name", lower_index=True),
    "externalId": Column("scim__external_id", case_exact=True),
    "emails": Column("email"),
    "emails.value": Column("email"),
    "displayName": Column("full_name"),
    "title": Column("title"),
    "active": Column("scim_active", kind="boolean"),
    "employeeNumber": Column("employee_id", case_exact=True),
    "department": Column("department"),
    "manager.value": Column("manager_id", kind="id"),
    "manager": Column("manager_id", kind="id"),
}
GROUP_COLUMNS = {
    "id": Column("pk", case_exact=True, kind="id"),
    "displayName": Column("display_name"),
    "externalId": Column("external_id", case_exact=True),
    "members": Column("members__pk", kind="id"),
    "members.value": Column("members__pk", kind="id"),
}
