from . import dropship_slip, portal, sms_webhook
