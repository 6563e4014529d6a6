import type { FieldChange } from '../../../kb/diff.js';

/** A readable diff: changed values as "before → after", lists and texts line by line (− removed, + added). */
export function DiffView({ changes, empty = 'Tidak ada perubahan.' }: { changes: FieldChange[]; empty?: string }) {
  if (changes.length === 0) return <p class="muted">{empty}</p>;
  return (
    <dl class="diff">
      {changes.map((change) => (
        <div class="diff-field">
          <dt>{change.label}</dt>
          <dd>
            {change.kind === 'value' ? (
              <p class="diff-value">
                {change.before ? (
                  <del>
                    <span class="visually-hidden">dihapus: </span>
                    {change.before}
                  </del>
                ) : (
                  <span class="muted">(kosong)</span>
                )}{' '}
                <span aria-hidden="true">→</span>{' '}
                <ins>
                  <span class="visually-hidden">menjadi: </span>
                  {change.after}
                </ins>
              </p>
            ) : (
              <ul class="diff-lines">
                {change.lines.map((line) =>
                  line.op === 'same' ? (
                    <li class="same">
                      <span class="mark" aria-hidden="true">
                        {' '}
                      </span>
                      {line.text || ' '}
                    </li>
                  ) : line.op === 'added' ? (
                    <li class="added">
                      <span class="mark" aria-hidden="true">
                        +
                      </span>
                      <ins>
                        <span class="visually-hidden">ditambah: </span>
                        {line.text || ' '}
                      </ins>
                    </li>
                  ) : (
                    <li class="removed">
                      <span class="mark" aria-hidden="true">
                        −
                      </span>
                      <del>
                        <span class="visually-hidden">dihapus: </span>
                        {line.text || ' '}
                      </del>
                    </li>
                  ),
                )}
              </ul>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
