"""Production static files: WhiteNoise's compressed storage with hashed names.

Our pages are ES modules that import each other by relative path ("./graph.js"). With
hashed names those imports must point at the hashed files, or a browser would load a stale
module from its cache; Django rewrites them when `support_js_module_import_aggregation` is on.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
