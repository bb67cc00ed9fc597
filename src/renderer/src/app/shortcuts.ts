// Every keyboard shortcut, as the sheet (?) lists it. The screens bind the same names (see keyName).

export interface Shortcut {
  keys: string[];
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Everywhere',
    shortcuts: [
      { keys: ['?'], action: 'Show or hide this sheet' },
      { keys: ['Shift+J'], action: 'Open or close the jobs drawer' },
      { keys: ['Shift+T'], action: 'Switch between dark and light theme' },
      { keys: ['Tab', 'Shift+Tab'], action: 'Move between controls' },
      { keys: ['Esc'], action: 'Close a dialog, cancel a polygon, leave a field' },
    ],
  },
  {
    title: 'Image grid',
    shortcuts: [
      { keys: ['←', '→', '↑', '↓'], action: 'Move between images' },
      { keys: ['PgUp', 'PgDn', 'Home', 'End'], action: 'Jump a page, to the first or the last image' },
      { keys: ['Enter'], action: 'Open the image' },
    ],
  },
  {
    title: 'Decide',
    shortcuts: [
      { keys: ['/'], action: 'Type an expression (Enter adds it and runs the chosen methods)' },
      { keys: ['Enter', 'A'], action: 'Accept the selected candidate (or the pre-label under review)' },
      { keys: ['R'], action: 'Reject all candidates of the expression' },
      { keys: ['↑', '↓'], action: 'Previous / next candidate' },
      { keys: ['K', 'J'], action: 'Previous / next expression' },
      { keys: ['←', '→'], action: 'Previous / next image' },
      { keys: ['C'], action: 'Compare the methods’ top-1 masks side by side' },
      { keys: ['G'], action: 'Back to the image grid' },
    ],
  },
  {
    title: 'Correct',
    shortcuts: [
      { keys: ['V'], action: 'Pan tool (or hold Space, or drag with the middle button)' },
      { keys: ['B'], action: 'Brush' },
      { keys: ['E'], action: 'Eraser' },
      { keys: ['P'], action: 'Polygon: add (click points, Enter or double-click closes)' },
      { keys: ['O'], action: 'Polygon: subtract' },
      { keys: ['S'], action: 'SAM: click adds a point, Alt/Shift/right-click a negative one, drag a box' },
      { keys: ['Esc'], action: 'SAM: clear the points and box' },
      { keys: ['[', ']'], action: 'Smaller / larger brush' },
      { keys: ['H'], action: 'Fill holes' },
      { keys: ['I'], action: 'Remove small islands' },
      { keys: ['Ctrl+Z'], action: 'Undo (kept across restarts)' },
      { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], action: 'Redo' },
    ],
  },
  {
    title: 'View',
    shortcuts: [
      { keys: ['Wheel'], action: 'Zoom at the cursor' },
      { keys: ['F'], action: 'Fit the image' },
      { keys: ['1'], action: 'Actual size (1:1)' },
      { keys: ['X'], action: 'Show or hide the SAM proposals' },
      { keys: ['+', '-'], action: 'Zoom in / out' },
    ],
  },
];
