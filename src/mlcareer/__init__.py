"""mlcareer: an honest, offline skills self-assessment for aspiring ML engineers."""

__version__ = "0.1.0"
