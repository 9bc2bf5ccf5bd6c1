"""The hot queries use their indexes: no sort of the whole table for the
first page of a list, no scan for a userName lookup."""

import pytest
from sqlalchemy import select, text

from directory.domain import users
from directory.domain.attributes import UserField
from directory.domain.filters import Compare, Op, user_condition
from directory.domain.paging import SORT_LABEL, _ordered
from directory.store.database import Database
from directory.store.tables import users as user_table

pytestmark = pytest.mark.anyio


async def _plan(db: Database, statement: str) -> str:
    async with db.read() as conn:
        if db.dialect == "sqlite":
            rows = await conn.execute(text(f"EXPLAIN QUERY PLAN {statement}"))
            return " | ".join(str(row[-1]) for row in rows)
        await conn.execute(text("SET LOCAL enable_seqscan = off"))
        rows = await conn.execute(text(f"EXPLAIN {statement}"))
        return " | ".join(str(row[0]) for row in rows)


def _sql(db: Database, query: object) -> str:
    dialect = db.engines[0].dialect
    compiled = query.compile(  # type: ignore[attr-defined]
        dialect=dialect, compile_kwargs={"literal_binds": True}
    )
    return str(compiled)


async def test_the_default_order_reads_the_primary_key_without_sorting(
    db: Database,
) -> None:
    sort = users.sorting(None)
    query = select(user_table.c.id).add_columns(sort.key.label(SORT_LABEL))
    query = _ordered(query, sort, user_table.c.id, reverse=False).limit(101)
    plan = await _plan(db, _sql(db, query))
    assert "TEMP B-TREE" not in plan.upper()
    assert "Sort" not in plan


async def test_ordering_by_user_name_reads_its_unique_index_without_sorting(
    db: Database,
) -> None:
    sort = users.sorting(UserField.USER_NAME)
    query = select(user_table.c.id).add_columns(sort.key.label(SORT_LABEL))
    query = _ordered(query, sort, user_table.c.id, reverse=False).limit(101)
    plan = await _plan(db, _sql(db, query))
    assert "TEMP B-TREE" not in plan.upper()
    assert "Sort" not in plan


async def test_a_user_name_lookup_is_an_index_search(db: Database) -> None:
    condition = user_condition(Compare(UserField.USER_NAME, Op.EQ, "Ada@X"))
    query = select(user_table.c.id).where(condition)
    plan = await _plan(db, _sql(db, query))
    assert "user_name_key" in plan.lower()
    assert "SCAN users" not in plan
