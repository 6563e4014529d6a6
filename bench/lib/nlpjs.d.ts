// Minimal typings for the parts of nlp.js the matcher benchmark uses (the packages ship none).
declare module '@nlpjs/core-loader' {
  export function containerBootstrap(): Promise<unknown>;
}

declare module '@nlpjs/lang-id' {
  export const LangId: unknown;
}

declare module '@nlpjs/nlp' {
  export interface NlpResult {
    intent: string;
    score: number;
    classifications?: { intent: string; score: number }[];
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>);
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
}
