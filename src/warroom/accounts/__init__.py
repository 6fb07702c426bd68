"""Local users with roles (viewer / responder / admin) and hashed, revocable API tokens."""
