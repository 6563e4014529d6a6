/**
 * What the Telegram adapter itself says (Bahasa Indonesia). Everything about neutrality comes from the
 * core and the knowledge base; these are only the channel's own notices and button labels.
 */
export const TELEGRAM_TEXTS = {
  rateLimited:
    'Pesan Anda banyak sekali dalam waktu singkat. 🙏 Mohon tunggu sekitar satu menit, lalu kirim lagi pertanyaan Anda.',
  rateLimitedButton: 'Terlalu banyak permintaan. Mohon tunggu sekitar satu menit.',
  editedMessage:
    'Netra hanya membaca pesan baru, bukan pesan yang disunting. Silakan kirim ulang pertanyaan Anda sebagai pesan baru. 🙏',
  staleButton: 'Tombol ini sudah tidak berlaku. Silakan ketik pertanyaan Anda atau /topik.',
  feedbackThanks: 'Terima kasih atas penilaian Anda! 🙏',
  feedbackNotAsker: 'Hanya penanya yang dapat menilai jawaban ini.',
  feedbackUp: '👍 Membantu',
  feedbackDown: '👎 Kurang tepat',
  feedbackPrompt: 'Apakah jawaban ini membantu?',
  allTopics: '📚 Lihat daftar topik',
  backToCategories: '« Semua kategori',
} as const;

/** Non-text messages a person may send in a private chat, and the short note each one gets. */
export const NON_TEXT_NOTES = {
  sticker: 'Terima kasih stikernya! 😊 Netra hanya bisa membaca pesan teks.',
  photo: 'Maaf, Netra belum bisa membaca foto atau gambar.',
  video: 'Maaf, Netra belum bisa memutar video.',
  voice: 'Maaf, Netra belum bisa mendengarkan pesan suara atau audio.',
  document: 'Maaf, Netra belum bisa membuka berkas.',
  location: 'Terima kasih, tetapi Netra tidak memerlukan lokasi Anda.',
  contact: 'Terima kasih, tetapi Netra tidak memerlukan kontak. Mohon jangan membagikan data pribadi di sini.',
  other: 'Maaf, Netra hanya bisa membaca pesan teks.',
} as const;

export type NonTextKind = keyof typeof NON_TEXT_NOTES;

const NOTE_TAIL = 'Silakan ketik pertanyaan Anda tentang netralitas ASN, atau ketik /topik untuk melihat daftar topik.';

export function nonTextNote(kind: NonTextKind): string {
  return `${NON_TEXT_NOTES[kind]} ${NOTE_TAIL}`;
}

/** The bot's command menu (setMyCommands): the commands the core knows, described for users. */
export const BOT_COMMANDS = [
  { command: 'start', description: 'Mulai dan lihat menu topik' },
  { command: 'topik', description: 'Daftar topik netralitas ASN' },
  { command: 'lapor', description: 'Cara melaporkan pelanggaran netralitas' },
  { command: 'bantuan', description: 'Cara memakai Netra' },
  { command: 'privasi', description: 'Data yang dicatat dan untuk apa' },
] as const;
