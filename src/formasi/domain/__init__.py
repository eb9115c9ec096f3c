"""Pure domain rules for Formasi (standard library only, no Django)."""
