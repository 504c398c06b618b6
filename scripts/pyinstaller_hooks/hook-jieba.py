"""Replaces the contrib hook for jieba: its data without ``lac_small``.

lac_small (13 MB) is the model of jieba's paddle mode, which needs paddlepaddle;
Zhitu never enables it.
"""

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files

datas = [d for d in collect_data_files("jieba") if "lac_small" not in Path(d[0]).parts]
