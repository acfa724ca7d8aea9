"""A real SMTP server on 127.0.0.1 for the delivery tests (aiosmtpd, PyPI).

STARTTLS with the certificate the test made, required before AUTH and before mail; a login
(user, password) required; a recipient the test names is refused with 550. Each message the
server accepts is saved as NNN.eml in the mail folder. Prints "READY <port>" once it listens,
and runs until it is killed.

    smtpd.py PORT MAILDIR CERT KEY USER PASSWORD REFUSED_RECIPIENT [implicit]

With "implicit", the server speaks TLS from the first byte (port 465's way) instead of STARTTLS.
"""

import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, refused):
        self.maildir = maildir
        self.refused = refused
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 <%s>: recipient unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.maildir, "%03d.eml" % self.count)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, path)
        return "250 Message accepted for delivery"


def main():
    port, maildir, cert, key, user, password = sys.argv[1:7]
    refused = sys.argv[7] if len(sys.argv) > 7 else None
    implicit = len(sys.argv) > 8 and sys.argv[8] == "implicit"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    # aiosmtpd offers AUTH on an implicit-TLS connection only when it does not ask for STARTTLS
    # first; the connection is encrypted from the first byte either way.
    if implicit:
        tls = {"ssl_context": context, "auth_require_tls": False}
    else:
        tls = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    controller = Controller(
        Handler(maildir, refused),
        hostname="127.0.0.1",
        port=int(port),
        authenticator=authenticator,
        auth_required=True,
        decode_data=False,
        **tls,
    )
    controller.start()
    print("READY %s" % controller.port, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
