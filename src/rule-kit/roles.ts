/** What files are for, beyond their role: rules skip developer-only files the way they skip tests. */
export { isDevelopmentOnly } from '../repo/classify.js';
