/**
 * Greetings and thanks get a friendly reply instead of the "belum bisa menjawab" fallback.
 * Only whole short messages count: "halo min, boleh like postingan paslon?" is a question, not a greeting.
 */
const GREETING = /^(h+a+l+o+|h+a+i+|hi+|hello|p+a+g+i+|s+i+a+n+g+|s+o+r+e+|m+a+l+a+m+|selamat (pagi|siang|sore|malam)|ass?alamu+'?\s?alaikum|assalamualaikum|salam|permisi|tes+|test|ping|min|kak|admin)( (min|kak|admin|netra|bot|semua|ya|dong|nih))*$/;
const THANKS = /^(terima ?kasih|makasih|makasi|mksh|thx|thanks|thank you|tengkyu|trims|suwun|matur nuwun|oke+|ok+|siap|baik|sip+|mantap)( (banyak|ya|min|kak|admin|netra|bot|nya|sekali))*$/;

export type SmallTalk = 'greeting' | 'thanks';

export function detectSmallTalk(text: string): SmallTalk | null {
  const plain = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length === 0 || plain.length > 40) return null;
  if (GREETING.test(plain)) return 'greeting';
  if (THANKS.test(plain)) return 'thanks';
  return null;
}
