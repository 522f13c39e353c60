/** The output formats by name, without loading any reporter (the CLI's option parsing needs only these). */
export const FORMAT_NAMES = ['text', 'json', 'sarif', 'markdown', 'compact', 'github', 'gitlab', 'junit', 'html'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
