"""Handing jobs to the broker without making a web request wait for a broker that is away."""
from contextlib import contextmanager


@contextmanager
def broker_connection():
    """A connection that gives up at the first refusal (kombu would otherwise retry for the whole connection
    timeout), so a web request whose job cannot be handed over answers at once."""
    from emulation.celery import app

    with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
        yield connection
