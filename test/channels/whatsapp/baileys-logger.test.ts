import { Boom } from '@hapi/boom';
import { describe, expect, it } from 'vitest';
import { baileysLogger } from '../../../src/channels/whatsapp/baileys-logger.js';
import { memoryLogger } from '../../helpers/logger.js';

describe('the logger handed to Baileys', () => {
  it('passes on warnings and errors without JIDs or phone numbers, and drops the debug firehose', () => {
    const logs = memoryLogger();
    const logger = baileysLogger(logs.log).child({ class: 'baileys', jid: '6281234567890@s.whatsapp.net' });
    logger.debug({ key: { remoteJid: '6281234567890@s.whatsapp.net' } }, 'recv message');
    logger.trace({ frame: 'x' }, 'frame');
    logger.info('connected to WA');
    logger.warn({ participant: '112233445566778:3@lid', attrs: { from: '6281234567890@s.whatsapp.net' } }, 'failed to decrypt from 6281234567890');
    logger.error({ err: new Boom('Bad MAC for 6281234567890@s.whatsapp.net', { statusCode: 500 }) }, 'decrypt error');
    expect(logs.lines).toHaveLength(2);
    const text = logs.text();
    expect(text).not.toContain('6281234567890');
    expect(text).not.toContain('112233445566778');
    expect(text).toContain('[jid]');
    expect(text).toContain('failed to decrypt from [number]');
    expect(logs.lines[1]).toMatchObject({ level: 50, module: 'baileys', msg: 'decrypt error' });
  });
});
