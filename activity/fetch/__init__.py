"""Fetch the published activity data from the papers' Zenodo records (`fetch_activity_data`).

Where each job lives:
- zenodo.py    a record's metadata from Zenodo's REST API, following `links.latest`
- transfer.py  HTTP with the standard library: retries with backoff, 429 / Retry-After,
               downloads resumed with `Range`, progress (bytes, rate, time left)
- papers.py    what each paper needs (the layout of flavell-lab/WormWideWebData.jl), what is
               already present and verified, downloads checked against the record's md5 and
               recordings extracted and checked against the manifest's sha256

Nothing here touches the database: `init_data_gcamp` imports what was fetched.
"""
