"""The one security header that neither Django's SecurityMiddleware nor django-csp sets.

SecurityMiddleware sends X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy and
HSTS; XFrameOptionsMiddleware sends X-Frame-Options; django-csp sends Content-Security-Policy
(settings.CONTENT_SECURITY_POLICY). A news site uses none of the browser features below.
"""

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
                    "midi", "payment", "usb", "browsing-topics"]
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
