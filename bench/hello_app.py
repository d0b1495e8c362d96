"""The bare Flask "hello" app bench_http.py measures our app against (same gunicorn settings)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """Hello."""
    return "Hello, World!"
