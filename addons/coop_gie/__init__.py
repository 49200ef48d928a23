from . import models, report, wizards
from .terms import post_init_hook
