"""Test support shipped with the shared library: a pytest plugin with real PostgreSQL and
RabbitMQ resources, isolated per test, and bounded wait helpers."""

from .waiting import wait_for

__all__ = ["wait_for"]
