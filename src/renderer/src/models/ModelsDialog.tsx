// Model status: the execution provider (CUDA or CPU, with the reason for a fallback), which models are installed
// and, per method, what is still missing and the command that installs it.
import { useApi } from '../api-context';
import { Dialog } from '../app/Dialog';
import { useLoad } from '../app/use-load';
import { ProviderStatus } from './ProviderBadge';

const STATE_TEXT = { installed: 'Installed', partial: 'Partly downloaded', missing: 'Not installed' } as const;

export function ModelsDialog({ onClose }: { onClose: () => void }) {
  const client = useApi();
  const status = useLoad('models.status', () => client.call('models.status'));
  const titles = new Map(status.value?.models.map((m) => [m.id, m.title]) ?? []);
  return (
    <Dialog title="Models and methods" onClose={onClose} testId="models-dialog" wide>
      {status.error && <p className="error">{status.error}</p>}
      {!status.value && !status.error && <p className="muted">Loading…</p>}
      {status.value && (
        <div className="stack">
          <ProviderStatus />
          <section>
            <h3>Methods</h3>
            <table className="table" data-testid="methods-status">
              <thead>
                <tr>
                  <th>Method</th>
                  <th>State</th>
                  <th>To make it ready</th>
                </tr>
              </thead>
              <tbody>
                {status.value.methods.map((m) => (
                  <tr key={m.id} data-method={m.id}>
                    <td className="strong">{m.title}</td>
                    <td>
                      <span className={`pill ${m.ready ? 'status-accepted' : 'status-needs-review'}`}>
                        {m.ready ? 'Ready' : 'Missing models'}
                      </span>
                    </td>
                    <td className="small">
                      {m.ready
                        ? '—'
                        : m.missing.map((group) => (
                            <div key={group.join(' ')}>
                              {group.length > 1 ? 'one of ' : ''}
                              {group.map((id, i) => (
                                <span key={id}>
                                  {i > 0 && ' or '}
                                  <code>reflabel models install {id}</code>
                                  <span className="muted"> ({titles.get(id) ?? id})</span>
                                </span>
                              ))}
                            </div>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h3>Models</h3>
            <table className="table" data-testid="models-status">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Family</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {status.value.models.map((m) => (
                  <tr key={m.id} data-model={m.id}>
                    <td>
                      {m.title} <span className="muted small">{m.id}</span>
                    </td>
                    <td className="muted">{m.family}</td>
                    <td>
                      <span
                        className={`pill status-${m.state === 'installed' ? 'accepted' : m.state === 'partial' ? 'needs-review' : 'rejected'}`}
                      >
                        {STATE_TEXT[m.state]}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p className="muted small">
            Models install from the command line (<code>reflabel models install ID</code>, or <code>--from DIR</code>{' '}
            for files you already have); see models/README.md.
          </p>
        </div>
      )}
    </Dialog>
  );
}
