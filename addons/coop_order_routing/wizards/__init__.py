from . import coop_po_answer, coop_po_answer_line
