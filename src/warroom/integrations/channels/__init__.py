"""Notification channels: small adapters behind `notifications.ports.Transport`.

Each takes an injected transport (an `httpx.Client`, an SMTP connection factory) so the
tests drive them against real servers on loopback. One call is one attempt: retries,
backoff and the delivery log are the engine's (`notifications.dispatch`).
"""
