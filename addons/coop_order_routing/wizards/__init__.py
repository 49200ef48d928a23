from . import coop_po_answer
