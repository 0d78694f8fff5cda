/** The keyboard shortcuts (`?` opens it, Escape closes it). */
const SHORTCUTS: [string, string][] = [
  ["Ctrl/⌘ + Enter", "run the lambda on the chosen target"],
  ["Ctrl/⌘ + S", "save the project now (it is also saved a moment after every change)"],
  ["Ctrl/⌘ + Z / Ctrl/⌘ + Shift + Z", "undo / redo in the editor — also after a template or an opened project"],
  ["?", "this list"],
  ["Escape", "close a dialog"],
  ["Wheel / Shift + drag on the image", "zoom / pan; drag on the image draws a face box"],
];

export function HelpDialog({ onClose }: { onClose(): void }) {
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Keyboard shortcuts" data-testid="help-dialog">
        <header className="controls">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="secondary close-dialog" onClick={onClose} aria-label="close">
            ×
          </button>
        </header>
        <table>
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
