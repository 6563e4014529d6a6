import qrcode from 'qrcode-terminal';

/**
 * Prints the login QR (or pairing code) for whoever watches the process output. Written to stdout directly,
 * not through the logger: it is a login secret, and log lines are shipped and kept elsewhere.
 */
export function printLoginToTerminal(login: { qr?: string; pairingCode?: string }, write: (text: string) => void = (t) => process.stdout.write(t)): void {
  if (login.pairingCode) {
    write(`\nKode penautan WhatsApp: ${login.pairingCode}\nDi ponsel: WhatsApp → Perangkat tertaut → Tautkan perangkat → Tautkan dengan nomor telepon.\n\n`);
    return;
  }
  if (login.qr) {
    qrcode.generate(login.qr, { small: true }, (art) => {
      write(`\nPindai QR ini di WhatsApp → Perangkat tertaut → Tautkan perangkat:\n${art}\n`);
    });
  }
}
