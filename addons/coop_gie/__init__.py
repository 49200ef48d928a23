from . import models, report, wizards
from .arabic_terms import post_init_hook
