"""Who is quoted and where a quote travelled: source statistics (sources.py), their chart
(svg.py, pure) and quote tracing (trace.py). Services return dataclasses for CLI and web."""
