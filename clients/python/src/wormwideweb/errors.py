"""The one exception the client raises."""


class WormWideWebError(Exception):
    """A request that did not give an answer.

    - ``error``: what was wrong, in the API's own words (its ``{"error": "..."}``), or the
      client's when it looked a name up in the server's answers and did not find it, or when
      the server could not be reached;
    - ``status``: the HTTP status (400 malformed input, 404 unknown dataset, recording, neuron
      or class, 5xx a server problem), or None when no answer came (network error, server down);
    - ``url``: the URL asked.

    >>> try:
    ...     ww.paths("white_1986_whole", "ASHL", "NOPE")
    ... except WormWideWebError as e:
    ...     print(e.status, e.error)
    404 Unknown neuron 'NOPE'.
    """

    def __init__(self, error: str, status: int | None = None, url: str | None = None):
        super().__init__(error, status, url)
        self.error, self.status, self.url = error, status, url

    def __str__(self) -> str:
        where = f" ({self.url})" if self.url else ""
        return f"{self.status}: {self.error}{where}" if self.status else f"{self.error}{where}"
