"""English names of language codes and scripts, for messages.

The language detector and configs speak in codes ("pt", "zh-cn") and the
script check in Unicode's names ("CJK", "CYRILLIC"); an editor reads "Article
language is Portuguese" or "Text left in Chinese or Japanese script" more easily than
"pt" or "cjk script". A code without a name here is shown as it is.
"""

from __future__ import annotations

#: The languages langdetect knows, and a few common codes configs use.
_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "kn": "Kannada",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ms": "Malay",
    "nb": "Norwegian",
    "ne": "Nepali",
    "nl": "Dutch",
    "no": "Norwegian",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "so": "Somali",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    # ISO 639's "undetermined": a language the detector does not identify
    "und": "not identified",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "zh-cn": "Chinese (simplified)",
    "zh-tw": "Chinese (traditional)",
}

#: Unicode's script names that read badly lower-cased ("cjk script").
_SCRIPTS = {
    "CJK": "Chinese or Japanese script",
    "HANGUL": "Korean (Hangul) script",
    "HIRAGANA": "Japanese (hiragana) script",
    "KATAKANA": "Japanese (katakana) script",
}


def language_name(code: str) -> str:
    """ "Portuguese" for "pt" (and "pt-BR"); an unknown code as it is."""
    folded = code.strip().lower().replace("_", "-")
    name = _NAMES.get(folded) or _NAMES.get(folded.split("-")[0])
    return name or code


def script_name(script: str) -> str:
    """ "Cyrillic script" for Unicode's "CYRILLIC"; "CJK" is named in words."""
    return _SCRIPTS.get(script) or f"{script.capitalize()} script"
