package dev.unstuck;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class UnstuckApplication {
    public static void main(String[] args) {
        org.springframework.boot.SpringApplication.run(UnstuckApplication.class, args);
    }
}
