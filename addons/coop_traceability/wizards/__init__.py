from . import coop_gs1_scan, lot_label_layout
