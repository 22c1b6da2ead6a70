# Connection churn: a new connection for every request
# Redraw: gnuplot -e "set terminal svg" churn.gp > churn.svg
$p0s0 << EOD
1 7233.15 7033.01 7433.29
10 18023.3 17254.7 18792
100 15358.1 15131.9 15584.4
EOD
$p0s1 << EOD
1 8189.84 8057.49 8322.18
10 29066 26181.8 31950.2
100 32639.2 28330 36948.3
EOD
$p0s2 << EOD
1 8435.15 8370.44 8499.85
10 34599.5 34164.9 35034.1
100 37401.4 33417.9 41384.9
EOD
$p0s3 << EOD
1 8294.23 8147.25 8441.21
10 30450.4 27179.2 33721.6
100 36564.3 35394.1 37734.5
EOD
$p0s4 << EOD
1 8472.27 8099.78 8844.77
10 32361.9 31244.2 33479.6
100 38991.8 38671.2 39312.4
EOD
$p0s5 << EOD
1 9335.65 9130.62 9540.67
10 33620.4 32481.2 34759.7
100 36923.4 36471.7 37375.1
EOD
$p1s0 << EOD
1 64.8344 64.5675 65.1013
10 45.0638 43.6764 46.4512
100 57.0701 55.4073 58.7329
EOD
$p1s1 << EOD
1 61.107 60.9553 61.2587
10 27.58 25.8398 29.3202
100 29.6284 25.661 33.5957
EOD
$p1s2 << EOD
1 50.0707 48.6211 51.5202
10 21.4304 20.9051 21.9557
100 22.7873 20.7838 24.7908
EOD
$p1s3 << EOD
1 53.0667 52.3163 53.8172
10 21.9236 21.1185 22.7287
100 21.2294 20.8404 21.6184
EOD
$p1s4 << EOD
1 48.8242 46.1355 51.5128
10 22.0279 21.6227 22.433
100 21.1681 20.7869 21.5492
EOD
$p1s5 << EOD
1 46.2893 44.0185 48.5602
10 22.5463 20.4642 24.6284
100 21.1893 21.0569 21.3217
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "Connection churn: a new connection for every request" font ',13'
set title "connections per second"
set xlabel "concurrent connecting clients (log scale)"
set ylabel "new connections (conn/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:160]
set yrange [0:56271.2]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev"
set title "server CPU per connection"
set xlabel "concurrent connecting clients (log scale)"
set ylabel "server CPU per connection (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:160]
set yrange [0:88.5185]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev"
unset multiplot
