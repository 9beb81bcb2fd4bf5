"""Sổ Thoát Nghèo: the commune officer's desktop application."""
