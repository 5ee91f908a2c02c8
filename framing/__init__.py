"""framing: tag statements about human trafficking with the securitization mode they use.

>>> import framing
>>> framing.classify("Coast guard patrols will screen every arrival for forged visas.").label
'immigration'

The four modes (Aradau 2008) are in :data:`MODES`. :func:`classify` and
:func:`classify_many` use the model bundled with the package unless given another;
:func:`train` learns a :class:`FramingModel` (a scikit-learn estimator) from your own
labelled passages, and :func:`load_model` reads one back.
"""

from ._api import MODES, classify, classify_many, load_model, train
from ._errors import (
    DataError,
    FramingError,
    IncompatibleModelError,
    ModelFileError,
    NotFittedError,
    TextTypeError,
)
from ._prediction import Prediction
from ._version import __version__

__all__ = [
    "MODES",
    "DataError",
    "FramingError",
    "FramingModel",
    "IncompatibleModelError",
    "ModelFileError",
    "NotFittedError",
    "Prediction",
    "TextTypeError",
    "__version__",
    "classify",
    "classify_many",
    "load_model",
    "train",
]


def __getattr__(name: str) -> type:
    # FramingModel needs scikit-learn; import it only when asked, to keep classify() light.
    if name == "FramingModel":
        from ._estimator import FramingModel

        return FramingModel
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
