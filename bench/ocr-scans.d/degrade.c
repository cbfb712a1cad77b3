/* A born-digital page drawn by pdftoppm, made into what a scanner gives: a little blur, sensor noise,
   then either a grey JPEG at the given quality or a bilevel CCITT G4 TIFF, tagged with its resolution.
     degrade IN.pgm OUT DPI jpeg|bilevel SEED        (OUT gets .jpg or .tif) */
#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: degrade IN.pgm OUT DPI jpeg|bilevel SEED\n"); return 64; }
    srand((unsigned)atoi(argv[5]));  /* pixAddGaussianNoise draws from rand(): the same page, the same noise */
    int dpi = atoi(argv[3]);
    PIX *page = pixRead(argv[1]);
    if (!page) { fprintf(stderr, "degrade: cannot read %s\n", argv[1]); return 66; }
    PIX *blurred = pixBlockconvGray(page, NULL, 1, 1);  /* 3 x 3 box: the optics' softness */
    PIX *noisy = pixAddGaussianNoise(blurred, 10.0);
    char out[4096];
    int failed;
    if (strcmp(argv[4], "jpeg") == 0) {
        pixSetResolution(noisy, dpi, dpi);
        snprintf(out, sizeof out, "%s.jpg", argv[2]);
        failed = pixWriteJpeg(out, noisy, 60, 0);
    } else {
        PIX *bits = pixThresholdToBinary(noisy, 140);
        pixSetResolution(bits, dpi, dpi);
        snprintf(out, sizeof out, "%s.tif", argv[2]);
        failed = pixWrite(out, bits, IFF_TIFF_G4);
        pixDestroy(&bits);
    }
    pixDestroy(&page); pixDestroy(&blurred); pixDestroy(&noisy);
    return failed ? 74 : 0;
}
