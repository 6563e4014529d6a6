import fc from 'fast-check';

/**
 * Personal identifiers as people actually type them: phone numbers, NIK (16 digits), NIP (18 digits)
 * and e-mail addresses, in many spellings (groupings, dashes, brackets, country code, full-width forms).
 */

const SEPARATORS = [' ', '-', ' - ', '–', ' – ', '—', '_', '/', '.', '  ', '\u00a0', ' / '];

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/** Splits `value` into groups of 2–5 characters (the groups people write), joined by one separator kind. */
function grouped(value: string, sizes: number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; at < value.length; i += 1) {
    const size = sizes[i % sizes.length] ?? 4;
    parts.push(value.slice(at, at + size));
    at += size;
  }
  return parts.join(separator);
}

const groupSizes = fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 5 });
const separator = fc.constantFrom(...SEPARATORS);

/** "０８１２" → full-width digits and signs, as some phone keyboards produce. */
export function fullWidth(text: string): string {
  return text.replace(/[0-9@.+()\-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

const phone = fc
  .tuple(digits(8, 11), groupSizes, separator, fc.constantFrom('local', 'plus62', 'bracketLocal', 'bracketPlus62', 'plain62'))
  .map(([rest, sizes, sep, style]) => {
    const national = `8${rest}`;
    switch (style) {
      case 'local':
        return grouped(`0${national}`, sizes, sep);
      case 'plus62':
        return `+62 ${grouped(national, sizes, sep)}`;
      case 'bracketLocal':
        return `(0${national.slice(0, 3)}) ${grouped(national.slice(3), sizes, sep)}`;
      case 'bracketPlus62':
        return `+62 (${national.slice(0, 3)}) ${grouped(national.slice(3), sizes, sep)}`;
      default:
        return `62${grouped(national, sizes, sep)}`;
    }
  });

const nik = fc.tuple(digits(16, 16), groupSizes, separator).map(([value, sizes, sep]) => grouped(value, sizes, sep));
const nip = fc.tuple(digits(18, 18), groupSizes, separator).map(([value, sizes, sep]) => grouped(value, sizes, sep));

const label = (prefix: string) => fc.stringMatching(/^[a-z0-9]{3,8}$/).map((s) => `${prefix}${s}`);
const email = fc
  .tuple(label('zq'), fc.constantFrom('', '.', '_', '+'), label('zr'), label('zx'), fc.constantFrom('go.id', 'co.id', 'com', 'ac.id', 'or.id'))
  .map(([local, joiner, local2, domain, tld]) => `${local}${joiner ? `${joiner}${local2}` : ''}@${domain}.${tld}`);

/** One identifier in one spelling, possibly full-width; `kind` says which so a test can check the right thing. */
export const identifier = fc
  .tuple(fc.oneof(phone.map((v) => ({ kind: 'number' as const, value: v })), nik.map((v) => ({ kind: 'number' as const, value: v })), nip.map((v) => ({ kind: 'number' as const, value: v })), email.map((v) => ({ kind: 'email' as const, value: v }))), fc.boolean())
  .map(([id, wide]) => ({ ...id, value: wide ? fullWidth(id.value) : id.value }));

const TEMPLATES = [
  (id: string) => `boleh asn kampanye? hubungi saya di ${id}`,
  (id: string) => `${id} ini nomor saya, apakah pns boleh like postingan calon?`,
  (id: string) => `saya pns (nip ${id}), boleh jadi saksi?`,
  (id: string) => `tolong kirim jawabannya ke ${id} ya, makasih`,
  (id: string) => `nik saya ${id}. bolehkah ikut foto dengan paslon?`,
];

/** A question with one identifier embedded; the templates hold no digits and no "zq"/"zr"/"zx" words. */
export const questionWithIdentifier = fc
  .tuple(identifier, fc.integer({ min: 0, max: TEMPLATES.length - 1 }))
  .map(([id, t]) => ({ id, question: TEMPLATES[t]!(id.value) }));

/** The parts of an identifier that must never be seen again, in any derived form. */
export function tracesOf(id: { kind: 'number' | 'email'; value: string }): RegExp[] {
  if (id.kind === 'number') return [/[0-9\uff10-\uff19]/];
  const ascii = id.value.normalize('NFKC');
  const words = ascii.split(/[@._+]/).filter((w) => /^z[qrx]/.test(w));
  return words.map((w) => new RegExp(w));
}
