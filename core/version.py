"""GET /api/version/: the versions a client needs to cache answers safely.

`data_version` is the hash of the imported data (core/cache.py): it changes with every import
of new data, so a client that keys its cached answers by it (clients/python) never serves an
answer from before an import. `code_version` (core/code_version.py) changes with every deploy
of other code; `api_version` changes when an answer's shape does.
"""

from django.http import JsonResponse
from ninja import Field, Router

from .api import ERRORS, Out
from .cache import data_version
from .code_version import code_version

API_VERSION = "1"

router = Router(tags=["version"])


class VersionOut(Out):
    data_version: str = Field(description="Hash of the imported data; changes with every import.",
                              examples=["3f1c0a9b2d4e-77aa01c3e9f2"])
    code_version: str = Field(description="Version of the code (package, git commit, source hash); changes with "
                              "every deploy.", examples=["0.1.0-g1a2b3c4d5e6f-s0f9e8d7c6b5a"])
    api_version: str = Field(description="Version of the API's URLs and answer shapes.", examples=[API_VERSION])


@router.get("/version/", response={200: VersionOut, **ERRORS}, url_name="api-version",
            summary="Data, code and API versions")
def version(request):
    """The data version (it changes with every import of new data), the code version (with every
    deploy) and the API version. A client may cache answers under the data and code versions
    and ask again now and then; this answer itself is never cached (`Cache-Control: no-cache`)."""
    response = JsonResponse(
        {"data_version": data_version(), "code_version": code_version(), "api_version": API_VERSION}
    )
    response["Cache-Control"] = "no-cache"
    return response
