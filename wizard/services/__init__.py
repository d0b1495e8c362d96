"""Services: typed functions taking a SQLAlchemy session; they never commit."""
