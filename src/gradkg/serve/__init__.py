"""``gradkg serve``: the HTTP server (app), its query workers (pool, worker, sandbox, frames) and its guards."""
