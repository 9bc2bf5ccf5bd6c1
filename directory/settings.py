"""Configuration, read from ``DIRECTORY_*`` environment variables.

Every setting has a default that runs on a fresh machine; the README's
configuration table lists them.
"""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DIRECTORY_", frozen=True)

    database_url: str = Field(
        default="sqlite:///directory.db",
        description="sqlite:///path.db (embedded) or postgresql://user@host/db",
    )
    host: str = Field(default="127.0.0.1", description="address to listen on")
    port: int = Field(default=8000, ge=1, le=65535, description="port to listen on")
    public_url: str | None = Field(
        default=None,
        description="URL clients use to reach the server, when it differs "
        "from http://host:port (behind a proxy)",
    )
    graphiql: bool = Field(default=True, description="serve GraphiQL at /graphql")
    auto_migrate: bool = Field(
        default=True, description="migrate the database schema when serving"
    )
    max_query_depth: int = Field(default=12, ge=2, description="GraphQL depth limit")
    max_query_tokens: int = Field(
        default=5000, ge=100, description="GraphQL token limit per document"
    )
    max_aliases: int = Field(default=50, ge=1, description="GraphQL alias limit")
    max_page_size: int = Field(
        default=1000, ge=1, description="largest `first` a list accepts"
    )
    default_page_size: int = Field(default=100, ge=1)
    pool_size: int = Field(default=8, ge=1, description="database connections")
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING…")
