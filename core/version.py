"""GET /api/version/: the versions a client needs to cache answers safely.

`data_version` is the hash of the imported data (core/cache.py): it changes with every import
of new data, so a client that keys its cached answers by it (clients/python) never serves an
answer from before an import. `api_version` changes when an answer's shape does.
"""

from django.http import JsonResponse
from ninja import Field, Router

from .api import ERRORS, Out
from .cache import data_version

API_VERSION = "1"

router = Router(tags=["version"])


class VersionOut(Out):
    data_version: str = Field(description="Hash of the imported data; changes with every import.",
                              examples=["3f1c0a9b2d4e-77aa01c3e9f2"])
    api_version: str = Field(description="Version of the API's URLs and answer shapes.", examples=[API_VERSION])


@router.get("/version/", response={200: VersionOut, **ERRORS}, url_name="api-version",
            summary="Data and API versions")
def version(request):
    """The data version (it changes with every import of new data) and the API version. A
    client may cache answers under the data version and ask again now and then; this answer
    itself is never cached (`Cache-Control: no-cache`)."""
    response = JsonResponse({"data_version": data_version(), "api_version": API_VERSION})
    response["Cache-Control"] = "no-cache"
    return response
