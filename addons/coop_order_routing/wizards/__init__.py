from . import coop_po_answer
from . import coop_po_answer_line
