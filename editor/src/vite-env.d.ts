declare module '*?worker' {
  const WorkerFactory: new () => Worker;
  export default WorkerFactory;
}
declare module 'monaco-editor/languages/definitions/yaml/register';
/** Vite's import.meta.glob, as used by fact-completion.ts (eager, default export). */
interface ImportMeta {
  glob<T = unknown>(pattern: string, options: { eager: true; import: 'default' }): Record<string, T>;
}
