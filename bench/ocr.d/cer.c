#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Levenshtein distance between two files' bytes (UTF-8 is close enough for a ratio). */
static char *slurp(const char *p, long *n) {
  FILE *f = fopen(p, "rb"); if (!f) { *n = 0; return calloc(1, 1); }
  fseek(f, 0, SEEK_END); *n = ftell(f); rewind(f);
  char *b = malloc(*n + 1); *n = fread(b, 1, *n, f); fclose(f); return b;
}
int main(int argc, char **argv) {
  long n, m; char *a = slurp(argv[1], &n), *b = slurp(argv[2], &m);
  int *prev = malloc((m + 1) * sizeof(int)), *cur = malloc((m + 1) * sizeof(int));
  for (long j = 0; j <= m; j++) prev[j] = j;
  for (long i = 1; i <= n; i++) {
    cur[0] = i;
    for (long j = 1; j <= m; j++) {
      int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      cur[j] = d;
    }
    int *t = prev; prev = cur; cur = t;
  }
  printf("%d %ld\n", prev[m], m);
  return 0;
}
