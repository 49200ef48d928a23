from . import portal, sms_webhook
