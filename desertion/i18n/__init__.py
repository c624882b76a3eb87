"""Russian and English: one message catalogue (`catalogue`), the language of a run (`choice`), and numbers,
dates and periods in the language (`formats`). Pure: no Streamlit (the switch and the URL are in `ui/language.py`).
"""

from desertion.i18n.catalogue import (  # noqa: F401
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    Message,
    Translator,
    compile_all,
    say,
    translator,
)
from desertion.i18n.choice import LANG_PARAM, LanguageChoice, choose_language  # noqa: F401
