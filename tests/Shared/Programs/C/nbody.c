// N-body simulation of the Jovian planets (the classic benchmark's model) plus a few libm
// functions, printed with printf so float formatting is compared too.
// Usage: nbody [steps]   (default 20000)
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

typedef struct { double x, y, z, vx, vy, vz, mass; } body;

static body bodies[] = {
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};
#define NBODIES (int)(sizeof bodies / sizeof bodies[0])

static void offset_momentum(void) {
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < NBODIES; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

static double energy(void) {
    double e = 0;
    for (int i = 0; i < NBODIES; i++) {
        body *b = &bodies[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < NBODIES; j++) {
            body *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            e -= b->mass * c->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(double dt) {
    for (int i = 0; i < NBODIES; i++) {
        body *b = &bodies[i];
        for (int j = i + 1; j < NBODIES; j++) {
            body *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            b->vx -= dx * c->mass * mag; b->vy -= dy * c->mass * mag; b->vz -= dz * c->mass * mag;
            c->vx += dx * b->mass * mag; c->vy += dy * b->mass * mag; c->vz += dz * b->mass * mag;
        }
    }
    for (int i = 0; i < NBODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 20000;
    offset_momentum();
    printf("%.9f\n", energy());
    for (int i = 0; i < steps; i++) advance(0.01);
    printf("%.9f\n", energy());
    for (int i = 0; i < NBODIES; i++)
        printf("body %d: %+.6e %+.6e %+.6e\n", i, bodies[i].x, bodies[i].y, bodies[i].z);

    // libm and float formatting corner cases
    float f = 1.0f / 3.0f;
    printf("%.8f %g %e %a\n", (double)f, 1e-300 * 1e-10, -0.0, 0.1);
    printf("%.12g %.12g %.12g %.12g\n", sin(1.0), exp(2.5), pow(2.0, 0.5), log(10.0));
    printf("%.12g %.12g %.12g\n", atan2(1.0, -1.0), cbrt(27.5), fmod(10.5, 3.2));
    printf("%f %f %d %d\n", floor(-2.5), ceil(-2.5), (int)round(2.5), (int)rint(2.5));
    printf("%g %g %g\n", 1.0 / 0.0, -1.0 / 0.0, sqrt(-1.0) != sqrt(-1.0) ? 1.0 : 0.0);
    printf("%.17g %.9g\n", 0.1 + 0.2, (double)(0.1f + 0.2f));
    return 0;
}
