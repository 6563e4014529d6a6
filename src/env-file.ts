/**
 * Loads `.env` from the working directory into process.env when the file exists (Node's built-in
 * parser; variables already set in the environment win). A missing file is normal: nothing happens.
 */
export function loadDotEnv(path = '.env'): boolean {
  try {
    process.loadEnvFile(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
