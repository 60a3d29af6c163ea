"""The migrations create the tables slack_sdk's installation and OAuth state stores use,
exactly as the library describes them, and the adapter's table of Grid teams."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Connection, MetaData

from bot.slack_adapter.installs import TEAMS
from core.store.store import Store


def slack_metadata(store: Store) -> MetaData:
    """Every slack_* table as the code that uses it describes it."""
    combined = MetaData()
    installations = AsyncSQLAlchemyInstallationStore("client", store.engine)
    states = AsyncSQLAlchemyOAuthStateStore(600, store.engine)
    for source in (installations.metadata, states.metadata, TEAMS.metadata):
        for table in source.tables.values():
            table.to_metadata(combined)
    return combined


async def test_the_migrations_make_the_tables_slack_sdk_expects(store: Store) -> None:
    described = slack_metadata(store)
    assert set(described.tables) == {
        "slack_installations",
        "slack_bots",
        "slack_oauth_states",
        "slack_teams",
    }

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _: kind != "table" or name in described.tables,
            },
        )
        return list(compare_metadata(context, described))

    async with store.engine.connect() as connection:
        assert await connection.run_sync(differences) == []
