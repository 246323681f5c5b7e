"""The compiled maxima kernel (src/accord/analysis/_maxima.c and maxima_core.c: plain C,
no numpy headers).

Everything else is in pyproject.toml. The extension is optional: without a C compiler the
build goes on and accord uses the numpy version of the same algorithm
(docs/explanation/performance.md).
"""

import os

from setuptools import Extension, setup

threads = [] if os.name == "nt" else ["-pthread"]

setup(
    ext_modules=[
        Extension(
            "accord.analysis._maxima",
            sources=["src/accord/analysis/_maxima.c", "src/accord/analysis/maxima_core.c"],
            depends=["src/accord/analysis/maxima_core.h"],
            extra_compile_args=["-O3", *threads],
            extra_link_args=threads,
            optional=True,
        )
    ]
)
